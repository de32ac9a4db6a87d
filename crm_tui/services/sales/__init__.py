"""Leads, opportunities, qualifying one into the other, the pipeline."""
