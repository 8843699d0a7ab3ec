"""The generation store's data-access layer."""
