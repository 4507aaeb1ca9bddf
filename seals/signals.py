"""What the seals app tells higher apps, after the transaction that did it has committed (seals names none of
them: a case step waiting for a seal use listens here)."""

from django.dispatch import Signal

# An electronic item was stamped: kwargs request (SealRequest), item (SealRequestItem), actor.
request_stamped = Signal()
# The custodian recorded impressions made on paper: kwargs request, item, actor.
impressions_recorded = Signal()
