"""Live blogs (онлайн-трансляции): a page under a rubric and its entries, written while the
event goes on. Other apps do not import it; it attaches to news, legal, people and
distribution through their hooks, signals and public functions."""
