"""The background task queues (django-tasks). `run_workers` keeps a worker on TEXT alone when it runs two or
more, so that text extraction and indexing (a document becomes searchable) never wait behind OCR batches or page
images holding every other worker for seconds; everything else goes to the default queue."""

TEXT = "text"
