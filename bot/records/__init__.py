"""The records layer: typed models, encryption at rest, sessions. Imports nothing above it."""
