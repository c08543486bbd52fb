import { render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import EmptyState from "./EmptyState.svelte";

describe("EmptyState", () => {
  it("explains what an image is and how to get one", () => {
    render(EmptyState);
    expect(screen.getByRole("heading", { name: "No images yet" })).toBeInTheDocument();
    expect(screen.getByText("docker pull hello-world")).toBeInTheDocument();
    expect(screen.getByText(/refreshes when its window regains focus/)).toBeInTheDocument();
  });
});
