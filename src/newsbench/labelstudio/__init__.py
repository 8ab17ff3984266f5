"""Label Studio: the labeling config, tasks to and from documents, pre-annotation, a private server, the client."""
