-- graphc's language server in Neovim: put this file in ~/.config/nvim/plugin/ (or require it from
-- init.lua). It starts `graphc lsp --stdio` for YAML buffers with a top-level `graphc:` key.
-- Needs graphc in the project (`npm install graphc`, then `npx graphc`) or on PATH.
local function is_graphc(buf)
  for _, line in ipairs(vim.api.nvim_buf_get_lines(buf, 0, 400, false)) do
    if line:match('^graphc%s*:') then return true end
  end
  return false
end

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'yaml',
  callback = function(args)
    if not is_graphc(args.buf) then return end
    local config = {
      name = 'graphc',
      cmd = { 'npx', '--no-install', 'graphc', 'lsp', '--stdio' },
      root_dir = vim.fs and vim.fs.dirname(vim.api.nvim_buf_get_name(args.buf)) or vim.fn.getcwd(),
      init_options = { variant = nil, inlayHints = true, debounceMs = 20 },
    }
    if vim.lsp.start then
      vim.lsp.start(config) -- Neovim 0.8 and later
    else
      vim.lsp.buf_attach_client(args.buf, vim.lsp.start_client(config)) -- Neovim 0.7
    end
  end,
})
