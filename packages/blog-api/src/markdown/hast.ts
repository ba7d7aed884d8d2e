// The few hast shapes the pipeline touches, declared here (hast's types are not a direct dependency).
export interface HText {
  type: "text";
  value: string;
}
export interface HElement {
  type: "element";
  tagName: string;
  properties: Record<string, unknown>;
  children: HNode[];
}
export interface HOther {
  type: "comment" | "doctype" | "raw";
  value?: string;
}
export type HNode = HText | HElement | HOther;
export interface HRoot {
  type: "root";
  children: HNode[];
}
export type HParent = HRoot | HElement;

export const h = (
  tagName: string,
  properties: Record<string, unknown> = {},
  children: HNode[] = [],
): HElement => ({
  type: "element",
  tagName,
  properties,
  children,
});
export const text = (value: string): HText => ({ type: "text", value });

/** Text content of a node, as the browser's textContent. */
export function textOf(node: HNode | HRoot): string {
  if (node.type === "text") return node.value;
  if (node.type === "element" || node.type === "root") return node.children.map(textOf).join("");
  return "";
}

/** Visit every element (depth first) with its parent and index; the callback may replace it in place. */
export function visitElements(
  node: HParent,
  fn: (el: HElement, parent: HParent, index: number) => void,
) {
  for (let i = 0; i < node.children.length; i++) {
    const child = node.children[i]!;
    if (child.type !== "element") continue;
    fn(child, node, i);
    const now = node.children[i];
    if (now && now.type === "element") visitElements(now, fn);
  }
}
