from django.dispatch import Signal

# Sent inside the merge's transaction with source, target and actor, so every app moves
# what it owns (staff roles, procedures, open dossiers) atomically with the merge itself.
agency_merged = Signal()
