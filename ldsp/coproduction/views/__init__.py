"""Pages for taking part: suggestions and the review queue; comments and following."""
