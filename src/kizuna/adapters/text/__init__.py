"""Text retrieval: tokenisers (ja/en), BM25, embedders, vector cache, hybrid retriever."""
