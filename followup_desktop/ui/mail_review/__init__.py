"""Mail: what the mailbox and mail files could not place by themselves, and what was logged."""
