"""Turn content blocks into ReportLab flowables and pages."""
