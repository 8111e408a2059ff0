import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app/app.js";
import "./app/styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("#root is missing in index.html");
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
