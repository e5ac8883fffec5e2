// The one value thrown inside the CPU: a guest exception has been entered (state already updated)
// and the current instruction must stop. It never escapes `ArmCpu.run`.
export const GUEST_EXCEPTION: unique symbol = Symbol("guest exception taken");
