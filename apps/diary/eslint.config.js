import base, { boundaries } from "@quire/eslint-config/base";

export default [...base, boundaries("diary")];
