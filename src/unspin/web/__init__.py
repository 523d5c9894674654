"""The web workbench: report views, charts, corpus queries and the pages of ``unspin serve``."""
