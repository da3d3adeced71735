// Jest snapshot serializer: asset hashes change with every dependency bump and say nothing about behaviour.
const HASH = /[0-9a-f]{64}/;

module.exports = {
  test: (value) => typeof value === 'string' && HASH.test(value),
  serialize: (value, config, indentation, depth, refs, printer) =>
    printer(value.replace(new RegExp(HASH.source, 'g'), '[ASSET-HASH]'), config, indentation, depth, refs),
};
