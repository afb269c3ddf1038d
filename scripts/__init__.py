"""The portal's build pipeline: content → validate → generate → render → MkDocs → check."""
