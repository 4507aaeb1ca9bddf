"""What the archive tells higher apps, after the transaction that did it has committed (archive names none of
them: a case step waiting for an original's movement listens here)."""

from django.dispatch import Signal

# An original was checked out, returned or handed over: kwargs original, movement (its Movement row), actor.
original_moved = Signal()
