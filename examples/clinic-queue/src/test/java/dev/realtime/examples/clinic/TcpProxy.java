package dev.realtime.examples.clinic;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy on a free port of 127.0.0.1 that forwards to a server, and can {@link #cut()} the
 * line (drop every connection and refuse new ones, as when a database host vanishes) and {@link
 * #restore()} it on the same port.
 */
final class TcpProxy implements AutoCloseable {
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;
  private int port;

  private TcpProxy(int targetPort) {
    this.targetPort = targetPort;
  }

  static TcpProxy start(int targetPort) throws IOException {
    TcpProxy proxy = new TcpProxy(targetPort);
    proxy.listen();
    return proxy;
  }

  int port() {
    return port;
  }

  /** Drops every forwarded connection and refuses new ones. */
  synchronized void cut() throws IOException {
    listener.close();
    for (Socket s : sockets) {
      s.close();
    }
    sockets.clear();
  }

  /** Accepts connections again, on the same port. */
  synchronized void restore() throws IOException {
    listen();
  }

  @Override
  public void close() throws IOException {
    cut();
  }

  private synchronized void listen() throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress("127.0.0.1", port));
    port = server.getLocalPort();
    listener = server;
    Thread accept = new Thread(() -> accept(server), "tcp-proxy-accept-" + port);
    accept.setDaemon(true);
    accept.start();
  }

  private void accept(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket("127.0.0.1", targetPort);
        sockets.add(client);
        sockets.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        return; // cut
      }
    }
  }

  private static void pipe(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // one side closed: close the other below
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "tcp-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
