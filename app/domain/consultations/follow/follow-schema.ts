import { z } from "zod";
import { emailField } from "../../kernel/index";

/** Following a decision by mail (ADR 147): an address, and nothing else. */
export const FollowDecisionSchema = z.object({ email: emailField() });
