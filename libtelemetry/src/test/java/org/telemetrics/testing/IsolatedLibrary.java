package org.telemetrics.testing;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.telemetrics.Version;

/**
 * libtelemetry's own classes, and its test classes, in a class loader of their own, so a test sees
 * static state as a fresh program does: which classes a code path loads, and which resources it
 * reads. Only the JDK's classes are shared with the test.
 */
public final class IsolatedLibrary extends URLClassLoader {
  private final List<String> resourcesRead = Collections.synchronizedList(new ArrayList<>());

  public IsolatedLibrary() {
    super(
        new URL[] {
          Version.class.getProtectionDomain().getCodeSource().getLocation(),
          IsolatedLibrary.class.getProtectionDomain().getCodeSource().getLocation()
        },
        ClassLoader.getPlatformClassLoader());
  }

  /** A new instance of {@code className} as this loader loads it, seen through a JDK interface. */
  public <T> T instance(String className, Class<T> jdkType) throws ReflectiveOperationException {
    return jdkType.cast(loadClass(className).getConstructor().newInstance());
  }

  /** True if {@code className} was loaded (a class is loaded before it is initialised). */
  public boolean hasLoaded(String className) {
    synchronized (getClassLoadingLock(className)) {
      return findLoadedClass(className) != null;
    }
  }

  /** The names of the resources looked up so far, in order, one entry per look-up. */
  public List<String> resourcesRead() {
    return List.copyOf(resourcesRead);
  }

  @Override
  public URL findResource(String name) {
    resourcesRead.add(name);
    return super.findResource(name);
  }
}
