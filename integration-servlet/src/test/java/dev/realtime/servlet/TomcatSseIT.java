package dev.realtime.servlet;

import jakarta.servlet.http.HttpServlet;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.io.TempDir;

/** The SSE contract on embedded Tomcat 11. */
class TomcatSseIT extends SseTransportContract {
  @TempDir Path baseDir;

  @Override
  protected RunningServer start(Map<String, HttpServlet> servletsByPath) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    tomcat.setPort(0);
    Connector connector = tomcat.getConnector();
    connector.setProperty("acceptCount", "2048");
    StandardContext context = (StandardContext) tomcat.addContext("", baseDir.toString());
    // Leak detection on stop needs --add-opens and only warns; nothing here is redeployed.
    context.setClearReferencesThreadLocals(false);
    context.setClearReferencesRmiTargets(false);
    servletsByPath.forEach(
        (path, servlet) -> {
          Wrapper wrapper = Tomcat.addServlet(context, path, servlet);
          wrapper.setAsyncSupported(true);
          context.addServletMapping(path, path);
        });
    tomcat.start();
    return RunningServer.of(
        connector::getLocalPort,
        () -> {
          tomcat.stop();
          tomcat.destroy();
        });
  }
}
