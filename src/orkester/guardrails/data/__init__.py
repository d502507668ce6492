"""Word lists the detectors read: name gazetteers, non-name words, special-category keywords."""
