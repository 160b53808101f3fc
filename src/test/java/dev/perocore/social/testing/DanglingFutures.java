package dev.perocore.social.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Finds dangling futures in compiled classes: a call returning a Vert.x {@code Future} whose result
 * is dropped on the spot (the call is followed by {@code POP}). That is the Java shape of Python's
 * RUF006 "dangling task": work whose failure nobody will ever see.
 *
 * <p>Allowed to drop: the terminal handlers ({@code onComplete}, {@code onSuccess}, {@code
 * onFailure}) — they observe the future, their return value is only for chaining — and {@code
 * TaskSet.track}, whose owner observes what it tracks.
 */
public final class DanglingFutures {

  private static final String FUTURE = "io/vertx/core/Future";
  private static final Set<String> OBSERVERS = Set.of("onComplete", "onSuccess", "onFailure");
  private static final String TASK_SET = "dev/perocore/social/guard/TaskSet";

  private DanglingFutures() {}

  /** One dropped future: where, and which call produced it. */
  public record Finding(String className, String sourceFile, int line, String call) {
    @Override
    public String toString() {
      return className.replace('/', '.') + " (" + sourceFile + ":" + line + "): result of " + call
          + " is ignored";
    }
  }

  public static List<Finding> scan(Path classesRoot) {
    List<Finding> findings = new ArrayList<>();
    try (Stream<Path> files = Files.walk(classesRoot)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          findings.addAll(scan(in));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return findings;
  }

  public static List<Finding> scan(InputStream classFile) throws IOException {
    List<Finding> findings = new ArrayList<>();
    new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
      String className;
      String source = "?";

      @Override
      public void visit(int version, int access, String name, String signature, String superName,
          String[] interfaces) {
        className = name;
      }

      @Override
      public void visitSource(String file, String debug) {
        source = file;
      }

      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
          String[] exceptions) {
        return new MethodVisitor(Opcodes.ASM9) {
          int line;
          String pendingCall;

          @Override
          public void visitLineNumber(int number, Label start) {
            line = number;
          }

          @Override
          public void visitMethodInsn(int opcode, String owner, String method, String desc,
              boolean isInterface) {
            boolean returnsFuture = Type.getReturnType(desc).getInternalName().equals(FUTURE);
            boolean observer = OBSERVERS.contains(method)
                || (owner.equals(TASK_SET) && method.equals("track"));
            pendingCall = returnsFuture && !observer ? owner.substring(owner.lastIndexOf('/') + 1)
                + "." + method + "()" : null;
          }

          @Override
          public void visitInsn(int opcode) {
            if (opcode == Opcodes.POP && pendingCall != null) {
              findings.add(new Finding(className, source, line, pendingCall));
            }
            pendingCall = null;
          }

          @Override
          public void visitVarInsn(int opcode, int varIndex) {
            pendingCall = null;
          }

          @Override
          public void visitFieldInsn(int opcode, String owner, String field, String desc) {
            pendingCall = null;
          }

          @Override
          public void visitJumpInsn(int opcode, Label label) {
            pendingCall = null;
          }

          @Override
          public void visitTypeInsn(int opcode, String type) {
            pendingCall = null;
          }

          @Override
          public void visitIntInsn(int opcode, int operand) {
            pendingCall = null;
          }

          @Override
          public void visitLdcInsn(Object value) {
            pendingCall = null;
          }

          @Override
          public void visitInvokeDynamicInsn(String n, String d, org.objectweb.asm.Handle h, Object... a) {
            pendingCall = null;
          }
        };
      }
    }, ClassReader.SKIP_FRAMES);
    return findings;
  }
}
