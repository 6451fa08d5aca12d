"""Read content and brand files into typed, validated models."""
