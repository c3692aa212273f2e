#!/usr/bin/env node
// The bin used to be this file; it is cli/graphc.cjs now. Kept for links made to the old one:
// npx's cache of a checkout keeps the bin link it first made, and earlier versions of the VS Code
// extension start this path. It runs the same bin.
import './graphc.cjs';
