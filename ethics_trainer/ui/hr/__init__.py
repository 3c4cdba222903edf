"""HR screens: reports with a chart, exports, bulk certificates, preview, verification."""
