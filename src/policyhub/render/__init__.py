"""Presentation helpers every module may use (charts, QR codes, fonts); imports no policyhub module above it."""
