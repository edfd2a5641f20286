"""A fast SMTP sink for checkin_dispatch: a real SMTP conversation (greeting, EHLO, MAIL, RCPT,
DATA, QUIT) on a loopback port, answered by a bare asyncio protocol so that 100,000 messages
cost it far less than they cost the portal's worker (aiosmtpd spends about a millisecond of
Python on each). It keeps every Message-ID it has taken, counting unique ones and duplicates.

Run in a process of its own: `python bench/smtp_sink.py PORT`. Besides SMTP it answers one
command of its own, `XSTATS`, with `250 <messages> <unique>`, which the bench polls.
"""

import asyncio
import re
import sys

MESSAGE_ID = re.compile(rb"^Message-ID:[ \t]*(\S+)", re.I | re.M)
END = b"\r\n.\r\n"


class Stats:
    def __init__(self):
        self.messages = 0
        self.ids: set[bytes] = set()

    def take(self, data: bytes) -> None:
        self.messages += 1
        headers = data[: data.find(b"\r\n\r\n")]
        found = MESSAGE_ID.search(headers)
        self.ids.add(found.group(1) if found else b"<none-%d>" % self.messages)


class Session(asyncio.Protocol):
    def __init__(self, stats: Stats):
        self.stats = stats
        self.buffer = bytearray()
        self.in_data = False

    def connection_made(self, transport):
        self.transport = transport
        transport.write(b"220 bench-sink ESMTP\r\n")

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        replies = []
        while True:
            if self.in_data:
                if self.buffer.startswith(b".\r\n"):  # an empty message
                    end, skip = 0, 3
                else:
                    end, skip = self.buffer.find(END), len(END)
                if end < 0:
                    break
                self.stats.take(bytes(self.buffer[: end + 2]))
                del self.buffer[: end + skip]
                self.in_data = False
                replies.append(b"250 2.0.0 queued\r\n")
                continue
            newline = self.buffer.find(b"\r\n")
            if newline < 0:
                break
            line = bytes(self.buffer[:newline])
            del self.buffer[: newline + 2]
            verb = line[:6].split(b" ")[0].upper()
            if verb == b"EHLO":
                replies.append(b"250-bench-sink\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n")
            elif verb in (b"HELO", b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                replies.append(b"250 2.0.0 OK\r\n")
            elif verb == b"DATA":
                self.in_data = True
                replies.append(b"354 end with <CRLF>.<CRLF>\r\n")
            elif verb == b"QUIT":
                self.transport.write(b"".join(replies) + b"221 2.0.0 bye\r\n")
                self.transport.close()
                return
            elif verb == b"XSTATS":
                replies.append(b"250 %d %d\r\n" % (self.stats.messages, len(self.stats.ids)))
            else:
                replies.append(b"502 5.5.2 not implemented\r\n")
        if replies:
            self.transport.write(b"".join(replies))


async def serve(port: int) -> None:
    stats = Stats()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Session(stats), "127.0.0.1", port, backlog=64)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(serve(int(sys.argv[1])))
