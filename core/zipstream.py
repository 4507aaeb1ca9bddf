"""A zip written as it is streamed: zipfile writes into a sink the response generator drains, so the whole
zip is never in memory (zipfile writes data descriptors, since the sink cannot seek)."""

import io


class ZipSink(io.RawIOBase):
    def __init__(self):
        self.chunks: list[bytes] = []
        self.offset = 0

    def writable(self):
        return True

    def write(self, data):
        if data:
            self.chunks.append(bytes(data))
            self.offset += len(data)
        return len(data)

    def tell(self):
        return self.offset

    def flush(self):
        pass

    def drain(self) -> bytes:
        data = b"".join(self.chunks)
        self.chunks.clear()
        return data
