import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** Accepts frames on a Unix socket and acknowledges each: a stand-in for telemprobd in benches. */
public class SinkListener {
  public static void main(String[] args) throws Exception {
    Path path = Path.of(args[0]);
    Files.deleteIfExists(path);
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(path));
      ByteBuffer buf = ByteBuffer.allocate(65536);
      byte[] ack = "ACCEPTED 00000000000000000000000000000000\n".getBytes();
      while (true) {
        try (SocketChannel c = server.accept()) {
          while (c.read(buf.clear()) >= 0) {
            // drain the frame until the probe half-closes
          }
          c.write(ByteBuffer.wrap(ack));
        }
      }
    }
  }
}
