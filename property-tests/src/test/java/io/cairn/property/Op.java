package io.cairn.property;

/**
 * One step of a generated sequence: an immutable command that acts on the backend and on the model alike and
 * asserts that whatever the backend returned is what the model predicts. Its {@code toString} reads as the call it
 * makes, so a shrunk failing sequence reads as a program.
 */
interface Op
{
    /**
     * @param sut   the backend under test.
     * @param model the model, updated in step with it.
     * @throws Exception whatever the backend throws where the model expects no failure.
     */
    void run(BackendUnderTest sut, StateModel model) throws Exception;
}
