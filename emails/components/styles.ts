import type { CSSProperties } from "react";

// Mail clients ignore <style> blocks unpredictably, so every rule is inline. Colours keep a contrast ratio of at
// least 7:1 against white (WCAG AAA) because many participants read on phones outdoors or with low vision.
export const colors = {
  text: "#111111",
  muted: "#333333",
  accent: "#0b3d91",
  border: "#c4c4c4",
  page: "#f2f2f2",
  panel: "#ffffff",
} as const;

export const fontFamily =
  '"Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP", "Yu Gothic", Meiryo, system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';

// 16px is the floor for every piece of text, footer included; Japanese glyphs need the generous line height.
export const paragraph: CSSProperties = {
  fontSize: "16px",
  lineHeight: "1.75",
  color: colors.text,
  margin: "0 0 16px",
};
