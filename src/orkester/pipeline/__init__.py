"""The request pipeline: stages with one contract, ``async __call__(ctx, call_next)``."""
