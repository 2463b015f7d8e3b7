// Profile Bridge: turns the token step's response into the bearer header and groups records for ingest-service.
// The token step (datasource.write.external.generic with addResponse) leaves token-service's answer on the record
// as _response. This step keeps the token as _authorization (the writer's Authorization header reads it) and, with
// a batch size above 1, emits {"_authorization": ..., "records": [...]} every BATCH_SIZE records and at the last one.
var BATCH_SIZE = __BATCH_SIZE__;

function tokenOf(response) {
    if (!response) {
        return null;
    }
    var body = typeof response.body === 'string' ? JSON.parse(response.body) : (response.body || response);
    return body.access_token || null;
}

function process(record, ctx, logger, next) {
    var token = tokenOf(record._response);
    if (token) {
        ctx.authorization = 'Bearer ' + token;
    }
    delete record._response;
    if (BATCH_SIZE <= 1) {
        record._authorization = ctx.authorization;
        return record;
    }
    ctx.batch = ctx.batch || [];
    if (record && record.UID) {
        ctx.batch.push(record);
    }
    if (ctx.batch.length >= BATCH_SIZE || (ctx.isLastRecord && ctx.batch.length > 0)) {
        var batch = { _authorization: ctx.authorization, records: ctx.batch };
        ctx.batch = [];
        return batch;
    }
    return null;
}
