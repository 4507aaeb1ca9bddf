def referenced_blobs() -> set[str]:
    """Seal images and other blobs the seal registry keeps (none yet)."""
    return set()
