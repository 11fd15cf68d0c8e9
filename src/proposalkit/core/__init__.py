"""The proposal model, money, budget math, program packs and validation (no Qt)."""
