"""Desktop notifications: a chain of backends with a do-nothing fallback."""
