"""Content of the fictional demo case (read by workbench.demo)."""
