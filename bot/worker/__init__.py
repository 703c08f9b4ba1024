"""The worker process: hands recorded events and due actions to DBOS workflows, which run the handlers."""
