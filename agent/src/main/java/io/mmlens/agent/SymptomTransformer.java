package io.mmlens.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Handle;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Wraps the four watched JDK methods in a catch-all that hands the throwable to the hook in
 * java.base and rethrows it unchanged. Written directly on ASM (the copy inside Byte Buddy):
 * Byte Buddy's AgentBuilder + Advice loaded ~1,100 classes and cost the host ~1.3 s of CPU plus
 * ~1.2 s of JIT work at every start (measured on JDK 17; AgentOverhead in docs/benchmarks.md),
 * and kept its type descriptions reachable afterwards.
 *
 * <p>Woven code, appended after the method's own code and exception table (so the method's own
 * handlers still see their exceptions first):
 * <pre>
 * catch (Throwable t) {           // covers the whole original body
 *   try { MmlensSymptomHook.thrown(t); } catch (Throwable ignored) {}   // e.g. StackOverflowError
 *   throw t;
 * }</pre>
 */
final class SymptomTransformer implements ClassFileTransformer {

  private static final String THROWABLE = "java/lang/Throwable";

  /** Which methods to wrap: the four JDK ones, or test fixtures. */
  interface Filter {
    boolean test(String owner, int access, String name, String desc);
  }

  private final String hook;
  private final Filter filter;

  /** @param hook internal name of the hook class defined in java.base */
  SymptomTransformer(String hook) {
    this(hook, SymptomTransformer::watched);
  }

  // visible for testing
  SymptomTransformer(String hook, Filter filter) {
    this.hook = hook;
    this.filter = filter;
  }

  /** Whether {@code name desc} of class {@code owner} is one of the watched methods. */
  static boolean watched(String owner, int access, String name, String desc) {
    switch (owner) {
      case "java/lang/ProcessBuilder":
      case "java/lang/Thread":
        return name.equals("start") && desc.startsWith("()");
      case "java/nio/ByteBuffer":
        return name.equals("allocateDirect") && desc.startsWith("(I)");
      case "sun/nio/ch/FileChannelImpl":
        // map(MapMode, long, long); JDK 22+ also has a 4-argument map(..., Arena)
        return name.equals("map") && (access & Opcodes.ACC_PUBLIC) != 0
            && desc.startsWith("(Ljava/nio/channels/FileChannel$MapMode;JJ)");
      default:
        return false;
    }
  }

  static boolean watchedClass(String internalName) {
    switch (internalName) {
      case "java/lang/ProcessBuilder":
      case "java/lang/Thread":
      case "java/nio/ByteBuffer":
      case "sun/nio/ch/FileChannelImpl":
        return true;
      default:
        return false;
    }
  }

  @Override
  public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
      ProtectionDomain domain, byte[] classFile) {
    if (loader != null || className == null || !watchedClass(className)) {
      return null; // called for every class the JVM loads: decide cheaply
    }
    try {
      return weave(className, classFile);
    } catch (Throwable t) {
      // a class we cannot weave stays as it is; the host must never see our failure
      return null;
    }
  }

  /** The class file with the watched methods wrapped; null when none was found. */
  byte[] weave(String className, byte[] classFile) {
    ClassReader r = new ClassReader(classFile);
    // frames are written by hand for the added code only: COMPUTE_FRAMES would have to load
    // classes to merge types in every method of java.lang.Thread
    ClassWriter w = new ClassWriter(r, 0);
    boolean[] woven = {false};
    r.accept(new ClassVisitor(Opcodes.ASM9, w) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String desc, String sig,
          String[] exceptions) {
        MethodVisitor mv = super.visitMethod(access, name, desc, sig, exceptions);
        if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE)) != 0
            || name.equals("<init>") || !filter.test(className, access, name, desc)) {
          return mv;
        }
        woven[0] = true;
        return new CatchAll(mv, hook);
      }
    }, ClassReader.EXPAND_FRAMES);
    return woven[0] ? w.toByteArray() : null;
  }

  /** Adds the catch-all around one method body (see the class comment). */
  private static final class CatchAll extends MethodVisitor {
    private final String hook;
    private final Label start = new Label();
    private final Label end = new Label();
    private final Label handler = new Label();
    private boolean started;

    CatchAll(MethodVisitor mv, String hook) {
      super(Opcodes.ASM9, mv);
      this.hook = hook;
    }

    /**
     * ClassReader visits the method's exception table before its first label or instruction;
     * ours goes after it, so the method's own handlers keep precedence.
     */
    private void begin() {
      if (!started) {
        started = true;
        super.visitTryCatchBlock(start, end, handler, THROWABLE);
        super.visitLabel(start);
      }
    }

    @Override
    public void visitMaxs(int maxStack, int maxLocals) {
      begin();
      int saved = maxLocals; // a fresh local for the throwable
      Object[] locals = new Object[maxLocals + 1];
      java.util.Arrays.fill(locals, Opcodes.TOP);
      locals[saved] = THROWABLE;
      Label hookStart = new Label();
      Label hookEnd = new Label();
      Label rethrow = new Label();
      Label hookFailed = new Label();
      super.visitLabel(end);
      super.visitLabel(handler);
      // no locals declared: every frame in the body is assignable to an empty one
      super.visitFrame(Opcodes.F_NEW, 0, new Object[0], 1, new Object[] {THROWABLE});
      super.visitVarInsn(Opcodes.ASTORE, saved);
      super.visitTryCatchBlock(hookStart, hookEnd, hookFailed, THROWABLE);
      super.visitLabel(hookStart);
      super.visitVarInsn(Opcodes.ALOAD, saved);
      super.visitMethodInsn(Opcodes.INVOKESTATIC, hook, "thrown", "(Ljava/lang/Throwable;)V",
          false);
      super.visitLabel(hookEnd);
      super.visitLabel(rethrow);
      super.visitFrame(Opcodes.F_NEW, locals.length, locals, 0, new Object[0]);
      super.visitVarInsn(Opcodes.ALOAD, saved);
      super.visitInsn(Opcodes.ATHROW);
      super.visitLabel(hookFailed);
      super.visitFrame(Opcodes.F_NEW, locals.length, locals, 1, new Object[] {THROWABLE});
      super.visitInsn(Opcodes.POP);
      super.visitJumpInsn(Opcodes.GOTO, rethrow);
      super.visitMaxs(Math.max(maxStack, 1), maxLocals + 1);
    }

    @Override
    public void visitLabel(Label label) {
      begin();
      super.visitLabel(label);
    }

    @Override
    public void visitFrame(int type, int nLocal, Object[] local, int nStack, Object[] stack) {
      begin();
      super.visitFrame(type, nLocal, local, nStack, stack);
    }

    @Override
    public void visitLineNumber(int line, Label label) {
      begin();
      super.visitLineNumber(line, label);
    }

    @Override
    public void visitInsn(int opcode) {
      begin();
      super.visitInsn(opcode);
    }

    @Override
    public void visitIntInsn(int opcode, int operand) {
      begin();
      super.visitIntInsn(opcode, operand);
    }

    @Override
    public void visitVarInsn(int opcode, int var) {
      begin();
      super.visitVarInsn(opcode, var);
    }

    @Override
    public void visitTypeInsn(int opcode, String type) {
      begin();
      super.visitTypeInsn(opcode, type);
    }

    @Override
    public void visitFieldInsn(int opcode, String owner, String name, String desc) {
      begin();
      super.visitFieldInsn(opcode, owner, name, desc);
    }

    @Override
    public void visitMethodInsn(int opcode, String owner, String name, String desc, boolean itf) {
      begin();
      super.visitMethodInsn(opcode, owner, name, desc, itf);
    }

    @Override
    public void visitInvokeDynamicInsn(String name, String desc, Handle bsm, Object... args) {
      begin();
      super.visitInvokeDynamicInsn(name, desc, bsm, args);
    }

    @Override
    public void visitJumpInsn(int opcode, Label label) {
      begin();
      super.visitJumpInsn(opcode, label);
    }

    @Override
    public void visitLdcInsn(Object value) {
      begin();
      super.visitLdcInsn(value);
    }

    @Override
    public void visitIincInsn(int var, int increment) {
      begin();
      super.visitIincInsn(var, increment);
    }

    @Override
    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
      begin();
      super.visitTableSwitchInsn(min, max, dflt, labels);
    }

    @Override
    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
      begin();
      super.visitLookupSwitchInsn(dflt, keys, labels);
    }

    @Override
    public void visitMultiANewArrayInsn(String desc, int dims) {
      begin();
      super.visitMultiANewArrayInsn(desc, dims);
    }
  }
}
