export { Pl011, Pl011Flag, Pl011Int, type Pl011Options } from "./pl011.js";
export { Pl031, type Pl031Options } from "./pl031.js";
