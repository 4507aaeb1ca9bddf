"""The document store's pages, one module per family; thin: parse, call a service, render."""
