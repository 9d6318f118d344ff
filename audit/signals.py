"""Sent inside the transaction that recorded the event: what a receiver writes commits or rolls back with it.

The notifications floor listens here: the apps below it never import it.
"""

from django.dispatch import Signal

# Sent with `event`: the audit.Event just saved.
event_recorded = Signal()
