"""The specialist agents: one module per agent, each a graph node with a narrow contract."""
