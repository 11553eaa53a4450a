"""What the classroom's writes announce, for the live class view to pass on (issue 14).

Sent by `playground.classroom`'s services once the write has committed
(`transaction.on_commit`), with the row's primary key only: a receiver reads what it needs.
The class view (`playground.live.classroom`) connects to both; nothing else does yet.
"""

from django.dispatch import Signal

#: A student joined an assignment. Arguments: `assignment_id`, `enrollment_id`.
enrollment_created = Signal()

#: A student submitted. Arguments: `assignment_id`, `submission_id`.
submission_created = Signal()
