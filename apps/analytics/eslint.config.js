import base, { boundaries } from "@quire/eslint-config/base";
import next from "@quire/eslint-config/next";

export default [...base, ...next, boundaries("analytics")];
