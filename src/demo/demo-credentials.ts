/** The demo world's login, printed by `cxloop serve --demo`. Demo only: never a real password. */
export const DEMO_ADMIN = {
  email: "admin@cxloop.demo",
  password: "cxloop-demo",
  name: "Demo Admin",
} as const;
export const DEMO_ANALYST = {
  email: "analyst@cxloop.demo",
  password: "cxloop-demo",
  name: "Demo Analystin",
} as const;
