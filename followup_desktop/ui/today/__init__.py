"""The Today home screen: what to do now."""
