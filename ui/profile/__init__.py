"""A customer's profile: header, every vendor's section, the timeline."""
