"""The Google Sheets menu: the Apps Script kept in this folder, the `ilr serve` endpoint it
calls, and `ilr watch`, the mode with no server."""
