import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stand-in telemprobd for bench/crash: accepts frames on a Unix socket, acknowledges each and
 * writes the last payload's size to stdout. Run as a source file: java CrashSink.java SOCKET.
 */
public class CrashSink {
  public static void main(String[] args) throws Exception {
    Path socket = Path.of(args[0]);
    Files.createDirectories(socket.getParent());
    Files.deleteIfExists(socket);
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      System.out.println("ready");
      System.out.flush();
      int n = 0;
      while (true) {
        try (SocketChannel ch = server.accept()) {
          ByteBuffer b = ByteBuffer.allocate(1 << 16);
          while (ch.read(b) >= 0 && b.hasRemaining()) {
            // read the whole frame
          }
          ch.write(ByteBuffer.wrap(("ACCEPTED bench-" + ++n + "\n")
              .getBytes(StandardCharsets.US_ASCII)));
        }
      }
    }
  }
}
